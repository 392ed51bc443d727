"""HTML and Markdown for readers, as pure functions of the document model.

Nothing here logs, reads files or touches MkDocs objects: the ``workplans`` plugin
decides where each fragment goes, these modules decide what it says. Every value that
comes from front matter, task blocks or sibling inventories passes through
:mod:`.escape` on its way out.
"""
