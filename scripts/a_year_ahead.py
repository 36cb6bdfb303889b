"""Print the date a year from today (28 February for 29 February): the suite's second run."""

import datetime as dt

today = dt.date.today()
print(today.replace(year=today.year + 1, day=min(today.day, 28)))
