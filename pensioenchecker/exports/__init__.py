"""Exports for advisers: an AFD-inspired JSON file, a PDF report and CSV tables.

Every export reads one household projection (and optionally a what-if variant) and writes its
figures exactly as the projection computed them; nothing here recomputes an amount.
"""
