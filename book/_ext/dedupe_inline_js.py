"""Work around Sphinx 7.x (fixed in sphinx-doc/sphinx#13402): inline scripts added after the
builder is initialised (sphinx-thebe's `const THEBE_JS_URL ...`) are written twice."""
def _dedupe(app, pagename, templatename, context, doctree):
    seen, out = set(), []
    for js in context.get("script_files", []):
        key = (getattr(js, "filename", js) or "", getattr(js, "priority", None),
               tuple(sorted(getattr(js, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            out.append(js)
    context["script_files"] = out

def setup(app):
    app.connect("html-page-context", _dedupe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
