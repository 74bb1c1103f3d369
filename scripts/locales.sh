#!/usr/bin/env bash
# Part of the post_build hook: puts the app's and the contract's translations of each language
# (locales/<tag>.json, crates/contract/locales/<tag>.json) into dist/locales/<tag>.json as
# {"app": …, "contract": …}, the one file a page in that language downloads before its first
# render (src/i18n.rs). Each keeps its own table: the same Chinese may read differently in
# English as a field's hint and as a rule's message. Chinese is the source text and has none.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
mkdir -p locales
python3 - "$root" <<'PY'
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])
for app in sorted((root / "locales").glob("*.json")):
    texts = {
        "app": json.loads(app.read_text(encoding="utf-8")),
        "contract": json.loads((root / "crates/contract/locales" / app.name).read_text(encoding="utf-8")),
    }
    out = pathlib.Path("locales") / app.name
    out.write_text(json.dumps(texts, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"locales: {out}, {len(texts['app'])} + {len(texts['contract'])} texts")
PY
