// TikTok's base code with our script address: the install snippet a site pastes into its <head>. It is
// TikTok's own stub (a queue per pixel, methods that record calls until events.js arrives), so a site
// switching from TikTok changes only the script address.

/** `scriptUrl` is the full address of events.js, e.g. https://ads.example.com/pixel/events.js. */
export function installSnippet(scriptUrl: string, pixelCode: string): string {
  const url = JSON.stringify(scriptUrl);
  const code = JSON.stringify(pixelCode);
  return `<script>
!function (w, d, t) {
  w.TiktokAnalyticsObject=t;var ttq=w[t]=w[t]||[];ttq.methods=["page","track","identify","instances","debug","on","off","once","ready","alias","group","enableCookie","disableCookie","holdConsent","revokeConsent","grantConsent"],ttq.setAndDefer=function(t,e){t[e]=function(){t.push([e].concat(Array.prototype.slice.call(arguments,0)))}};for(var i=0;i<ttq.methods.length;i++)ttq.setAndDefer(ttq,ttq.methods[i]);ttq.instance=function(t){for(var e=ttq._i[t]||[],n=0;n<ttq.methods.length;n++)ttq.setAndDefer(e,ttq.methods[n]);return e},ttq.load=function(e,n){var r=${url};ttq._i=ttq._i||{},ttq._i[e]=[],ttq._i[e]._u=r,ttq._t=ttq._t||{},ttq._t[e]=+new Date,ttq._o=ttq._o||{},ttq._o[e]=n||{};n=d.createElement("script");n.type="text/javascript",n.async=!0,n.src=r+"?sdkid="+e+"&lib="+t;e=d.getElementsByTagName("script")[0];e.parentNode.insertBefore(n,e)};
  ttq.load(${code});
  ttq.page();
}(window, document, 'ttq');
</script>`;
}
