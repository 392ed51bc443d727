"""The ``refcheck`` MkDocs plugin: stale references and cross-repository links."""
