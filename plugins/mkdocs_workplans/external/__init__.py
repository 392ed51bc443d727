"""The external link checker (EX001-EX004): collect http(s) URLs, vet, request, cache.

Nothing here touches the network unless ``external`` is enabled, and the engine
(:mod:`.check`) is imported only then, so sites that never check external links pay
nothing for it. :func:`mkdocs_workplans.external.check.check_urls` is also the entry
point for benchmarks.
"""
