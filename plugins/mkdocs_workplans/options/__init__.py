"""Typed options of both plugins: the one place where every default is declared."""
