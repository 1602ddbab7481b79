// Exact names first in the site search. Material's search splits "GPT-4" into "gpt" and "4*" and ranks the
// rarer expansions ("4.5", "4o") above the exact name; when the query is an entry's name or alias (ignoring
// case, spaces and punctuation), that entry is put first in the results, marked "Exact name". Entry text
// is set as text, never as HTML.
(function () {
  "use strict";
  const script = document.currentScript;
  const root = script ? new URL("../../", script.src).href : null;
  let names = null;
  let loading = null;

  const norm = (text) => String(text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

  function load() {
    if (!loading && root) {
      loading = fetch(root + "assets/eras/names.json")
        .then((response) => (response.ok ? response.json() : []))
        .then((data) => { names = data; })
        .catch(() => { names = []; });
    }
    return loading || Promise.resolve();
  }

  function exact(query) {
    const key = norm(query);
    if (!key || !names) return null;
    return names.find((e) => norm(e.n) === key || e.a.some((alias) => norm(alias) === key)) || null;
  }

  function item(hit, href) {
    const li = document.createElement("li");
    li.className = "md-search-result__item eras-exact";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = href;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const title = document.createElement("h1");
    title.textContent = hit.n;
    const note = document.createElement("p");
    note.textContent = "Exact name";
    article.append(title, note);
    link.append(article);
    li.append(link);
    return li;
  }

  function render() {
    const input = document.querySelector("input.md-search__input");
    const list = document.querySelector(".md-search-result__list");
    if (!input || !list) return;
    const hit = exact(input.value);
    const old = list.querySelector(".eras-exact");
    const href = hit ? new URL(hit.u, root).href : null;
    if (old && (!hit || old.firstChild.href !== href)) old.remove();
    if (!hit) return;
    const page = (url) => new URL(url).pathname.replace(/index\.html$/, "");
    const first = list.querySelector(":scope > li:not(.eras-exact) > a");
    if (first && page(first.href) === page(href)) { list.querySelector(".eras-exact")?.remove(); return; }
    const mine = list.querySelector(".eras-exact") || item(hit, href);
    if (list.firstElementChild !== mine) list.prepend(mine);
  }

  document.addEventListener("input", (event) => {
    if (event.target instanceof Element && event.target.matches("input.md-search__input")) load().then(render);
  });
  document.addEventListener("focusin", (event) => {
    if (event.target instanceof Element && event.target.matches("input.md-search__input")) load();
  });
  const list = document.querySelector(".md-search-result__list");
  if (list) new MutationObserver(() => { if (names) render(); }).observe(list, { childList: true });
})();
