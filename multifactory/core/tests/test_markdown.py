from multifactory.core.markdown import render_markdown


def test_it_renders_markdown_headings_lists_and_links():
    html = render_markdown("# Hello\n\n- one\n- two\n\n[site](https://example.org)")
    assert "<h1>Hello</h1>" in html
    assert "<li>one</li>" in html
    assert 'href="https://example.org"' in html
    assert "noopener" in html


def test_it_strips_scripts_styles_and_event_handlers():
    html = render_markdown(
        "<script>alert(1)</script><style>p{}</style>"
        '<img src="x.png" onerror="alert(1)"> <a href="javascript:alert(1)">x</a>'
    )
    assert "<script" not in html
    assert "<style" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_it_renders_nothing_for_empty_text():
    assert render_markdown("") == ""
