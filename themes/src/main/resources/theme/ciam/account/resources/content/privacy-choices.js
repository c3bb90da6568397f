// "Privacy and my data" in the account console (ciam account theme, content.json). The console renders this
// module's default export as the page; it takes the person straight to the pack's review page, where each purpose
// is granted or withdrawn with the same number of clicks and their data can be downloaded. The review page signs
// in through the account console and returns to it.
import { createElement, useEffect } from "react";

function reviewUrl() {
  const environment = JSON.parse(document.getElementById("environment").textContent);
  const url = new URL(environment.serverBaseUrl.replace(/\/$/, "") + "/realms/"
      + encodeURIComponent(environment.realm) + "/ciam-consent/review");
  if (environment.locale) {
    url.searchParams.set("ui_locales", environment.locale);
  }
  return url.toString();
}

export default function PrivacyChoices() {
  const target = reviewUrl();
  useEffect(() => {
    // replace: the browser's Back button returns to the console page the person came from.
    window.location.replace(target);
  }, [target]);
  return createElement("p", { id: "ciam-privacy-choices-redirect" },
      createElement("a", { href: target, "aria-label": "Continue" }, "\u2192"));
}
