// The visitor's time zone, from the browser: pages show times in the zone of the intowork_tz
// cookie (intowork.middleware.UserTimeZoneMiddleware), which this sets when it is missing. A
// signed-in user who has not chosen a zone gets this one saved to their account (the <body>
// then carries data-time-zone-url), so that their emails say the same times as their pages.
(() => {
  "use strict";
  let zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }
  if (!zone) return;
  const hasCookie = document.cookie.split(";").some((part) => part.trim().startsWith("intowork_tz="));
  if (!hasCookie) {
    const secure = location.protocol === "https:" ? "; secure" : "";
    document.cookie = `intowork_tz=${zone}; path=/; max-age=31536000; samesite=lax${secure}`;
  }
  const url = document.body.dataset.timeZoneUrl;
  if (!url) return;
  let token = "";
  try {
    token = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return;
  }
  fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-CSRFToken": token },
    body: new URLSearchParams({ time_zone: zone }),
  }).catch(() => {}); // a lost report is sent again from the next page
})();
