"""Accessibility as a browser sees it: skip link first, visible focus, contrast >= 4.5:1, labels."""

from __future__ import annotations

import pytest

from tests.web.browser.test_flows import ADMIN, seeded, sign_in  # noqa: F401 - fixture reuse
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser

# For every element with its own visible text: its colour against the first opaque background
# up the tree, as WCAG's contrast ratio.
CONTRAST_JS = """
() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(',').map(s => parseFloat(s));
    return {rgb: p.slice(0, 3), a: p.length > 3 ? p[3] : 1};
  };
  const bgOf = (el) => { for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.99) return c.rgb; }
    return [255, 255, 255]; };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.height === 0 || el.closest('.visually-hidden')) continue;
    const fg = parse(getComputedStyle(el).color).rgb; const bg = bgOf(el);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    out.push({text: el.textContent.trim().slice(0, 30), ratio: (hi + 0.05) / (lo + 0.05)});
  }
  return out;
}
"""

UNLABELLED_JS = """
() => Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map(el => el.name || el.id)
"""


def _check_page(page) -> None:
    low = [c for c in page.evaluate(CONTRAST_JS) if c["ratio"] < 4.5]
    assert low == [], f"text below 4.5:1 contrast: {low}"
    assert page.evaluate(UNLABELLED_JS) == []
    assert page.evaluate("document.documentElement.lang") == "en"
    for landmark in ("banner", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() == 1


def test_skip_link_is_the_first_tab_stop_and_focus_is_visible(seeded, page) -> None:  # noqa: F811
    served, _engine = seeded
    page.goto(served.base_url + "/login")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({text: document.activeElement.textContent,"
        " outline: getComputedStyle(document.activeElement).outlineStyle})"
    )
    assert focused["text"] == "Skip to main content"
    assert focused["outline"] != "none"
    assert page.get_by_role("link", name="Skip to main content").is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "email"


def test_pages_meet_contrast_labels_and_landmarks(seeded, page) -> None:  # noqa: F811
    served, _engine = seeded
    page.goto(served.base_url + "/login")
    _check_page(page)
    sign_in(page, served.base_url, ADMIN, "wrong password given")
    page.get_by_role("alert").wait_for()
    _check_page(page)
    sign_in(page, served.base_url, ADMIN, PASSWORD)
    page.get_by_role("heading", name="Plainview Clinic").wait_for()
    for path in ("/", "/account", "/members", "/tokens", "/audit", "/check"):
        page.goto(served.base_url + path)
        _check_page(page)
    # The check page with findings highlighted (marks, footnote links, findings list).
    page.get_by_label("Text to check").fill("Great news @jdoe88, your MRI on 3/14 came back clear!")
    page.get_by_role("button", name="Check").click()
    page.locator("mark.finding").first.wait_for()
    _check_page(page)
    page.goto(served.base_url + "/nothing-here")
    _check_page(page)


def test_publishing_pages_meet_contrast_labels_and_landmarks(seeded, page) -> None:  # noqa: F811
    served, _engine = seeded
    base = served.base_url
    sign_in(page, base, ADMIN, PASSWORD)
    page.get_by_role("heading", name="Plainview Clinic").wait_for()
    for path in ("/channels", "/channels/new?kind=email", "/channels/new?kind=webhook"):
        page.goto(base + path)
        _check_page(page)
    page.get_by_label("Name").fill("Staff webhook")
    page.get_by_label("Url").fill("http://127.0.0.1:9/hook")
    page.get_by_label("Secret", exact=True).fill("a-webhook-secret-0123456789")
    page.get_by_label("Allow private addresses").check()
    page.get_by_role("button", name="Connect").click()
    page.get_by_text("Channel connected.").wait_for()
    _check_page(page)
    # The composer with findings highlighted live, counters and the thread note.
    page.goto(base + "/posts/new")
    _check_page(page)
    page.get_by_label("Title").fill("Flu clinic")
    page.get_by_role("checkbox", name="Staff webhook").check()
    page.get_by_label("Text for all channels").fill(
        "Get well soon John Smith, MRN 12345678, room 4B after your surgery yesterday!")
    page.locator("#previews mark.finding").first.wait_for()
    page.get_by_text("Own text for Staff webhook").click()
    _check_page(page)
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft saved.").wait_for()
    _check_page(page)
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text("Submitted for review.").wait_for()
    # The queue (the admin wrote it: the page says why there is no approve button).
    page.goto(base + "/review")
    page.get_by_text("You wrote this post").wait_for()
    _check_page(page)
    for path in ("/posts", "/calendar", "/calendar?view=month", "/notifications"):
        page.goto(base + path)
        _check_page(page)
