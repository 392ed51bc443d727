"""The seed workplan passes as it is and fails with TK001 once a State Hub id is removed."""

from __future__ import annotations

from conftest import SEED, MakeSite, run_build, run_cli


def test_seed_passes_and_fails_without_statehub_id(make_site: MakeSite) -> None:
    text = SEED.read_text(encoding="utf-8")
    root = make_site({"docs/workplans/RAILIANCE-WP-0005.md": text})
    assert run_cli(root).code == 0
    assert run_build(root).code == 0

    broken = text.replace('state_hub_task_id: "4eab93a9-ad1b-46ca-97ef-18a059f64ab5"\n', "")
    (root / "docs/workplans/RAILIANCE-WP-0005.md").write_text(broken, encoding="utf-8")
    fence = broken.splitlines().index("## T03 - Create a reusable S5 app onboarding checklist") + 3
    expected = [("TK001", "docs/workplans/RAILIANCE-WP-0005.md", fence)]
    cli = run_cli(root)
    assert cli.code == 1
    assert cli.codes == expected
    build = run_build(root)
    assert build.code == 1
    assert build.codes == expected


def test_enabled_false_turns_a_plugin_off(make_site: MakeSite) -> None:
    """``enabled: false`` (as Material's plugins have it) leaves the site as if the plugin were not listed."""
    broken = SEED.read_text(encoding="utf-8").replace('state_hub_task_id: "4eab93a9-ad1b-46ca-97ef-18a059f64ab5"\n', "")
    files = {"docs/workplans/RAILIANCE-WP-0005.md": broken, "docs/links.md": "[gone](missing.md)\n"}
    both_off = "site_name: T\nplugins:\n  - workplans:\n      enabled: false\n  - refcheck:\n      enabled: false\n"
    root = make_site(files, both_off)
    assert run_cli(root).code == 2  # nothing left to check: a usage error, not a silent pass
    build = run_build(root)
    assert build.codes == []
    assert not (root / "site" / "workplans-inventory.json").exists()
    assert "workplans.css" not in (root / "site" / "index.html").read_text(encoding="utf-8")

    only_refcheck = "site_name: T\nplugins:\n  - workplans:\n      enabled: false\n  - refcheck\n"
    root = make_site(files, only_refcheck, name="refcheck-only")
    codes = run_cli(root).codes
    assert ("RF001", "docs/links.md", 1) in codes
    assert not [code for code in codes if code[0].startswith(("TK", "WP"))]
