"""State Hub: the export the gate verifies workplans and tasks against (core: imports no adapter)."""
