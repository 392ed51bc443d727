"""Checks, one small module each, named for what they check; :mod:`.catalog` lists them in order."""
