"""Importers: one module per source, each with ``detect()`` and ``load()``.

A file becomes an ``ImportResult`` (the source's own content, normalised to dossier lines with
provenance, plus warnings); ``household.build_dossier`` merges results into one ``Dossier``.
Anything wrong with a file is an ``ImportProblem``: one line naming the file and the place.
"""

from pensioenchecker.sources.base import ImportProblem, ImportResult

__all__ = ["ImportProblem", "ImportResult"]
