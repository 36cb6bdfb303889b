"""Household timeline (events, phases, calendar years) and batch runs over many participants."""
