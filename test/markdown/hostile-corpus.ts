/**
 * Markdown a notebook from anywhere might hold: each line tries to run script, fetch from
 * another origin, restyle the page or submit a form. Tested through the sanitizer in jsdom
 * (test/markdown/sanitize.test.ts) and through the app in Chromium (test/e2e/markdown.e2e.ts).
 * `{evil}` is a variable whose value holds HTML.
 */
export const HOSTILE = [
  '<script>window.pwned = "script"</script>',
  '<img src=x onerror="window.pwned = \'onerror\'">',
  '[js link](javascript:window.pwned=1) <a href="javascript:window.pwned=1">a</a> <a href="data:text/html,<script>parent.pwned=1</script>">d</a>',
  '<svg onload="window.pwned = \'svg\'"><script>window.pwned = "svg script"</script><image href="https://evil.example/svg.png"/></svg>',
  '<style>body { background: url(https://evil.example/style.png) }</style>',
  '<p style="background:url(https://evil.example/attr.png)">styled</p> <p style="width: expression(alert(1))">expr</p>',
  '<iframe src="https://evil.example/frame"></iframe> <iframe srcdoc="<script>parent.pwned=1</script>"></iframe>',
  '<form action="https://evil.example/form"><input name="q"><button>go</button></form>',
  '<object data="https://evil.example/obj"></object><embed src="https://evil.example/embed">',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '![tracker](https://evil.example/tracker.png) <img src="//evil.example/t.gif" srcset="https://evil.example/2x.png 2x">',
  '<div onmouseover="window.pwned=1" onclick="window.pwned=1">hover</div>',
  '$\\href{javascript:window.pwned=1}{math link}$',
  'Value: {evil}',
  'END OF CORPUS',
].join('\n\n');

/** The value of `{evil}`: HTML that must stay text. */
export const EVIL_VALUE = "<img src=x onerror=\"window.pwned='value'\"><script>window.pwned='value'</script>";
