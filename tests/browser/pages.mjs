// The page types of the demo site that the browser tests visit.
export const PAGES = [
  { name: "home", path: "/index.html" },
  { name: "category", path: "/category/zcwj/index.html" },
  { name: "document", path: "/docs/01526376-x-2026-00001.html" },
  // An on-request document: its 内容概述 and the office that answers (SPEC §14).
  { name: "on-request", path: "/docs/01526376-x-2026-00009.html" },
  // A policy replaced by a newer one: the banner at the top (SPEC §10).
  { name: "ended-policy", path: "/docs/00952632-5-2025-00001.html" },
  // The county government's 2025 annual report in the national format (SPEC §11).
  { name: "annual-report", path: "/docs/00952631-7-2026-00002.html" },
  { name: "validity-current", path: "/validity/current.html" },
  { name: "validity-ended", path: "/validity/ended.html" },
  { name: "search", path: "/search/index.html" },
  { name: "404", path: "/404.html" },
];

export const MODES = [
  { name: "normal", hash: "" },
  // The large-text mode as a reader without JavaScript reaches it: the switch's own link.
  { name: "large", hash: "#large-text" },
];
