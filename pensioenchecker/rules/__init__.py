"""The law as data and functions: dated parameter files, the vectorised rules, rule packs.

A real package (not a namespace one), so the import contracts see every module in it.
"""
