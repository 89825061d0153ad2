/**
 * The console shell. Static on purpose: everything the user sees comes from
 * the script, which reads the quick-create link from `location.hash` (the
 * browser never sends the hash to the server) and builds the DOM with
 * textContent only, so nothing in a template can inject markup.
 */
export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CloudFormation - Rolegate sandbox</title>
<link rel="stylesheet" href="/cloudformation/assets/console.css">
<script src="/cloudformation/assets/console.js" defer></script>
</head>
<body>
<header class="top-nav">
  <a class="top-nav__logo" href="/cloudformation/home" aria-label="AWS console home (sandbox)"><span class="logo-text">aws</span><span class="logo-smile" aria-hidden="true"></span></a>
  <span class="top-nav__services">Services</span>
  <span class="sandbox-badge" title="A local imitation of AWS for development and demos">Rolegate sandbox &mdash; not AWS</span>
  <span class="top-nav__spacer"></span>
  <span class="top-nav__region" id="region-label">N. Virginia</span>
</header>
<div class="layout">
  <nav class="breadcrumbs" aria-label="Breadcrumbs"><ol id="breadcrumbs"><li><a href="/cloudformation/home">CloudFormation</a></li></ol></nav>
  <div id="flash" class="flashbar"></div>
  <main id="app" class="content" tabindex="-1"><p class="muted">Loading&hellip;</p></main>
</div>
<div id="live" class="visually-hidden" aria-live="polite"></div>
</body>
</html>
`;
