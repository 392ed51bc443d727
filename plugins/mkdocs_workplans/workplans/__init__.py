"""The ``workplans`` MkDocs plugin: workplan, task and runbook rules, includes, rendering."""
