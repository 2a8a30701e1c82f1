/**
 * The page the gateway serves at `/`: connects to the WebSocket API (directly on AWS, through
 * negotiate on Azure), subscribes to a topic, publishes, and lists every frame it receives.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>semantest-iac local gateway</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 48rem; padding: 0 1rem; color: #222; }
  h1 { font-size: 1.3rem; }
  fieldset { border: 1px solid #ccc; margin: 0 0 1rem; padding: .6rem 1rem; }
  input { font: inherit; padding: .2rem .4rem; }
  #payload { width: 22rem; }
  #status[data-state=open] { color: #0a7a2a; }
  #status[data-state=closed] { color: #b00020; }
  #messages { font-family: ui-monospace, monospace; font-size: 12px; list-style: none; padding: 0; }
  #messages li { border-bottom: 1px solid #eee; padding: .2rem 0; white-space: pre-wrap; word-break: break-all; }
  #messages li.error { color: #b00020; }
</style>
</head>
<body>
<h1>semantest-iac local gateway <small id="provider"></small></h1>
<p>WebSocket: <span id="status" data-state="connecting">connecting…</span> <code id="url"></code></p>
<fieldset>
  <legend>Subscribe</legend>
  <form id="subscribe-form"><input id="topic" value="demo" aria-label="topic"> <button id="subscribe" type="submit">Subscribe</button></form>
</fieldset>
<fieldset>
  <legend>Publish</legend>
  <form id="publish-form"><input id="payload" value='{"text":"hello"}' aria-label="payload (JSON)"> <button id="publish" type="submit">Publish</button></form>
</fieldset>
<h2>Received</h2>
<ul id="messages"></ul>
<script>
(async () => {
  const $ = (id) => document.getElementById(id);
  const show = (text, cls) => { const li = document.createElement("li"); li.textContent = text; if (cls) li.className = cls; $("messages").prepend(li); };
  const config = await (await fetch("/_local/config.json")).json();
  $("provider").textContent = "(" + config.provider + ")";
  let url = config.webSocketUrl;
  if (!url) {
    const negotiated = await (await fetch(config.negotiateUrl)).json();
    url = negotiated.url;
  }
  $("url").textContent = url.replace(/access_token=[^&]+/, "access_token=…");
  const socket = new WebSocket(url);
  const setState = (state, text) => { $("status").dataset.state = state; $("status").textContent = text; };
  socket.onopen = () => setState("open", "open");
  socket.onclose = (e) => setState("closed", "closed (" + e.code + (e.reason ? " " + e.reason : "") + ")");
  socket.onmessage = (e) => {
    let cls = "";
    try { const frame = JSON.parse(e.data); if (frame.type === "error") cls = "error"; } catch { /* show as is */ }
    show(e.data, cls);
  };
  const send = (frame) => socket.readyState === WebSocket.OPEN ? socket.send(JSON.stringify(frame)) : show("not connected", "error");
  $("subscribe-form").onsubmit = (e) => { e.preventDefault(); send({ action: "subscribe", topic: $("topic").value }); };
  $("publish-form").onsubmit = (e) => {
    e.preventDefault();
    let payload = $("payload").value;
    try { payload = JSON.parse(payload); } catch { /* publish the text */ }
    send({ action: "publish", topic: $("topic").value, payload });
  };
})().catch((error) => { document.getElementById("status").textContent = "failed: " + error; });
</script>
</body>
</html>
`;
