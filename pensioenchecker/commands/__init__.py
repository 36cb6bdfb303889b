"""The command line's own commands, one module each: net, withholding, aow, project, import, batch.

Each module gives ``HELP``, ``add_arguments(parser)`` (its flags, a public contract) and the
command function; ``pensioenchecker.cli`` wires them into the parser. The JSON each command prints
is built in ``pensioenchecker.payloads``. Sharing, exports, the vault and the rule packs keep their
commands beside their code (``share/cli.py`` and so on).
"""
