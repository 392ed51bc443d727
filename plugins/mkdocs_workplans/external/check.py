"""The request engine: every URL checked once, politely, within a bounded time.

Why it is built the way it is:

- **Bounded load.** One global semaphore caps requests in flight (``concurrency``)
  and one per host caps what a single server sees (``per_host``); backoff sleeps
  happen outside both, so a throttling host does not stall the others.
- **Workers, not a task per URL.** ``concurrency`` workers take URLs in turn, so
  thousands of URLs do not each cost a task waiting on the semaphores; a worker
  about to sleep before a retry starts a stand-in, so sleeps still stall nothing.
- **Cheap first.** ``HEAD`` is tried first; a ``GET`` (body never read) is the
  fallback when ``HEAD`` is refused or misbehaves, because many servers answer
  ``HEAD`` wrongly. A host that refused ``HEAD`` once only gets ``GET`` afterwards.
- **Redirects by hand.** Each hop is vetted by :mod:`.policy` before it is
  requested, headers are chosen per hop (a token never follows a redirect to
  another host), and the leading run of permanent redirects (301/308) tells where
  the link should point now (EX003), while a temporary hop stops that run: a link
  to ``/latest`` that redirects temporarily is the right link.
- **Pinned addresses.** Connections go to the address :mod:`.policy` vetted, with
  the name in ``Host`` and in TLS SNI (certificates are still checked against the
  name); see :mod:`.client`.
- **Nothing secret leaks.** No ``.netrc`` credentials or cookies are used, headers go
  only where :mod:`.headers` allows, and every message and suggested URL is scrubbed
  of configured header values (as sent, and percent-encoded as a redirect would
  carry them).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import email.utils
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import quote, quote_plus

from mkdocs_workplans import __version__
from mkdocs_workplans.codes import Code
from mkdocs_workplans.external import urls
from mkdocs_workplans.external.cache import Cache, Entry
from mkdocs_workplans.external.client import Client, Head, NoAnswer
from mkdocs_workplans.external.headers import headers_for, secret_values
from mkdocs_workplans.external.policy import Policy, public_only
from mkdocs_workplans.external.urls import Unreachable
from mkdocs_workplans.settings import External

MAX_REDIRECTS = 10
RETRY_AFTER_CAP = 10.0
"""Seconds; a server asking to wait longer is reported as rate-limited (EX004) at once."""
PERMANENT = frozenset({301, 308})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRIED = frozenset({429, 500, 502, 503, 504})
USER_AGENT = f"mkdocs-workplans/{__version__} (link check)"


@dataclass(frozen=True)
class Result:
    """What one URL came to: ``code`` is None when it is fine, else EX001-EX004."""

    url: str
    code: Code | None
    message: str
    status: int | None = None
    moved_to: str | None = None
    """Where the leading permanent redirects lead (EX003)."""
    cached: bool = False


@dataclass(frozen=True)
class Answer:
    """One hop's answer, as far as judging it needs."""

    status: int
    reason: str
    location: str | None = None
    retry_after: float | None = None
    attempts: int = 1


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date)."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Checker:
    """One run over a set of URLs; use as ``async with`` so its connections get closed."""

    def __init__(self, options: External, policy: Policy | None = None) -> None:
        self.options = options
        self.client = Client(
            policy or public_only(options.allow_private),
            options.timeout,
            {"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "identity"},
            per_host=options.per_host,
        )
        self.slots = asyncio.Semaphore(options.concurrency)
        self.host_slots: dict[str, asyncio.Semaphore] = {}
        self.no_head: set[str] = set()
        self.secrets = sorted(
            {
                form
                for value in secret_values(options.headers)
                for form in (value, quote(value, safe=""), quote_plus(value))
            },
            key=len,
            reverse=True,
        )
        """Longest first, so that no part of a longer form is left after a shorter one is masked."""
        self.queue: list[str] = []
        """The URLs :meth:`check_each` hands out (their results go to ``results``); ``taken`` are out."""
        self.taken = 0
        self.awake = 0
        """Workers started and not sleeping before a retry; at most ``concurrency`` take URLs."""
        self.workers: set[asyncio.Task[None]] = set()
        self.results: list[Result | None] = []

    async def __aenter__(self) -> Checker:
        await self.client.__aenter__()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.client.__aexit__()

    def scrub(self, text: str) -> str:
        """Mask configured header values, should any server or library ever echo one."""
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text

    async def check_each(self, urls: list[str]) -> list[Result]:
        """:meth:`check` every URL of ``urls``, the results in the same order."""
        self.queue, self.taken = urls, 0
        self.results = [None] * len(urls)
        for _ in range(min(self.options.concurrency, len(urls))):
            self.spawn()
        try:
            while self.workers:  # a stand-in may be started while the others are awaited
                done, _ = await asyncio.wait(self.workers)
                self.workers -= done
                for worker in done:
                    worker.result()
        finally:
            for worker in self.workers:
                worker.cancel()
        return [result for result in self.results if result is not None]

    def spawn(self) -> None:
        """Start a worker; it counts as awake at once, so two sleepers cannot both be replaced by one."""
        self.awake += 1
        self.workers.add(asyncio.ensure_future(self.work()))

    async def work(self) -> None:
        """Check the next URL of the queue until none is left or too many workers are awake."""
        try:
            while self.taken < len(self.queue) and self.awake <= self.options.concurrency:
                index = self.taken
                self.taken += 1
                self.results[index] = await self.check(self.queue[index])
        finally:
            self.awake -= 1

    async def pause(self, delay: float) -> None:
        """Sleep before a retry, with a stand-in taking URLs meanwhile when the queue has some."""
        self.awake -= 1
        if self.taken < len(self.queue) and self.awake < self.options.concurrency:
            self.spawn()
        try:
            await asyncio.sleep(delay)
        finally:
            self.awake += 1

    async def check(self, url: str) -> Result:
        """Follow ``url``'s redirects and judge where they end; never raise.

        One URL's surprise must not abort the run (its worker would stop and
        :meth:`check_each` close the pool under every other check) nor reach the
        user as a traceback, so any failure not foreseen below still becomes an
        EX002 naming its kind.
        """
        try:
            return await self._check(url)
        except Exception as error:
            return self.result(url, "EX002", f"{url} could not be checked ({error.__class__.__name__})")

    async def _check(self, url: str) -> Result:
        current, moved_to, permanent_run = url, None, True
        try:
            for _hop in range(MAX_REDIRECTS + 1):
                answer = await self.attempts(current)
                if answer.status not in REDIRECTS or not answer.location:
                    break
                current = urls.follow(current, answer.location)
                permanent_run = permanent_run and answer.status in PERMANENT
                if permanent_run:
                    moved_to = current
            else:
                return self.result(url, "EX002", f"{url} is unreachable: more than {MAX_REDIRECTS} redirects")
        except Unreachable as error:
            via = f" (redirected to {current})" if current != url else ""
            return self.result(url, "EX002", f"{url} is unreachable{via}: {error.reason}")
        return self.judge(url, current, answer, moved_to)

    def judge(self, url: str, final: str, answer: Answer, moved_to: str | None) -> Result:
        status = f"{answer.status} {answer.reason}".strip()
        via = f" (redirected to {final})" if final != url else ""
        if answer.status == 429:
            tries = f"{answer.attempts} attempt{'s' if answer.attempts != 1 else ''}"
            return self.result(
                url, "EX004", f"{url} is still rate-limited ({status}) after {tries}{via}", answer.status
            )
        if answer.status >= 400:
            return self.result(url, "EX001", f"{url} answers {status}{via}", answer.status)
        if moved_to is not None:
            return self.result(url, "EX003", f"{url} moved permanently", answer.status, moved_to)
        return self.result(url, None, f"{url} answers {status}", answer.status)

    def result(
        self, url: str, code: Code | None, message: str, status: int | None = None, moved_to: str | None = None
    ) -> Result:
        return Result(url, code, self.scrub(message), status, None if moved_to is None else self.scrub(moved_to))

    async def attempts(self, url: str) -> Answer:
        """One hop with retries: backoff doubles from ``backoff`` unless ``Retry-After`` says more."""
        attempt = 0
        while True:
            delay = self.options.backoff * 2**attempt
            last = attempt == self.options.retries
            try:
                answer = await self.exchange(url)
            except Unreachable as error:
                if not error.retry or last:
                    raise
            else:
                if attempt:  # an answer counts one attempt unless told otherwise
                    answer = replace(answer, attempts=attempt + 1)
                if answer.status not in RETRIED or last:
                    return answer
                if answer.retry_after is not None:
                    if answer.retry_after > RETRY_AFTER_CAP:
                        return answer
                    delay = answer.retry_after
            await self.pause(delay)
            attempt += 1

    async def exchange(self, url: str) -> Answer:
        """``HEAD``, then ``GET`` when ``HEAD`` fails after connecting or answers an error."""
        parsed = urls.parse(url)
        host = parsed.host
        headers = headers_for(url, self.options.headers)
        if host not in self.no_head:
            try:
                answer = await self.send("HEAD", parsed, url, headers)
            except NoAnswer:
                pass
            else:
                if answer.status < 400 or answer.status == 429:
                    return answer
                if answer.status in (405, 501):
                    self.no_head.add(host)
        return await self.send("GET", parsed, url, headers)

    async def send(self, method: str, url: urls.Url, text: str, headers: dict[str, str]) -> Answer:
        """One request, within the global and the per-host limit."""
        host_slot = self.host_slots.setdefault(url.host, asyncio.Semaphore(self.options.per_host))
        async with self.slots, host_slot:
            return _answer(await self.client.head(method, url, text, headers))


def _answer(head: Head) -> Answer:
    return Answer(head.status, head.reason, head.headers.get("location"), retry_after(head.headers.get("retry-after")))


def cache_context(options: External) -> str:
    """What a cached answer depends on besides its URL: this version, and the options that change answers."""
    headers = sorted(
        (
            rule.prefix.scheme,
            rule.prefix.host,
            rule.prefix.port,
            rule.prefix.path,
            sorted(name for name, _ in rule.headers),
        )
        for rule in options.headers
    )
    return json.dumps([__version__, options.allow_private, headers])


async def check_all(urls: Iterable[str], options: External, policy: Policy | None = None) -> dict[str, Result]:
    """Check ``urls`` concurrently, answering from and updating ``options.cache``."""
    cache = Cache(options.cache, options.cache_ttl_days, cache_context(options))
    now = time.time()
    results: dict[str, Result] = {}
    pending: list[str] = []
    for url in dict.fromkeys(urls):
        entry = cache.get(url, now)
        if entry is None:
            pending.append(url)
        elif entry.moved_to is not None:
            results[url] = Result(url, "EX003", f"{url} moved permanently", entry.status, entry.moved_to, cached=True)
        else:
            results[url] = Result(url, None, f"{url} answered {entry.status}", entry.status, cached=True)
    async with Checker(options, policy) as checker:
        for result in await checker.check_each(pending):
            results[result.url] = result
            if result.code in (None, "EX003") and result.status is not None:
                cache.put(result.url, Entry(result.status, now, result.moved_to))
    cache.save()
    return results


def check_urls(urls: Iterable[str], options: External, policy: Policy | None = None) -> dict[str, Result]:
    """:func:`check_all` from synchronous code, whether or not an event loop is running here.

    ``asyncio.run`` cannot nest, so inside a running loop (a plugin host, a notebook)
    the check runs on a fresh loop in a worker thread while this thread waits.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(check_all(urls, options, policy))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, check_all(urls, options, policy)).result()
