// The realm's brand, set on the admin console page "ciam-brand": loaded after the theme's brand.css so its values
// win, from /realms/<realm>/ciam-brand/brand.css (every login page's address starts with /realms/<realm>/).
// Inserted while the page's head is parsed and marked render-blocking, so the page never shows unbranded.
(function () {
  var match = /^(.*\/realms\/[^/]+)\//.exec(window.location.pathname);
  if (!match) {
    return;
  }
  var link = document.createElement("link");
  link.rel = "stylesheet";
  link.id = "ciam-brand-css";
  link.setAttribute("blocking", "render");
  link.href = match[1] + "/ciam-brand/brand.css";
  document.head.appendChild(link);
})();
