// Chunked, resumable upload for large evidence files (docs/evidence.md, "Upload protocol").
// Files up to data-form-max go through the plain form; larger ones are sent in 8 MiB slices
// with fetch + File.slice, resuming from the server's offset after a 409 or a lost connection.
(function () {
  "use strict";
  var form = document.getElementById("evidence-upload");
  if (!form) { return; }
  var CHUNK = 8 * 1024 * 1024;
  var status = document.getElementById("evidence-status");
  var bar = document.getElementById("evidence-progress");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function say(text) { status.textContent = text; }
  function headers(extra) {
    var h = { "X-CSRFToken": token };
    for (var k in extra) { h[k] = extra[k]; }
    return h;
  }
  function errorText(body) {
    return (body && body.error && body.error.message) || "上传失败";
  }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  async function createSession(file) {
    var data = { case: form.dataset.case, filename: file.name, size: file.size };
    new FormData(form).forEach(function (value, key) {
      if (key !== "file" && key !== "csrfmiddlewaretoken" && value !== "") { data[key] = value; }
    });
    var r = await fetch(form.dataset.createUrl, {
      method: "POST", credentials: "same-origin",
      headers: headers({ "Content-Type": "application/json" }), body: JSON.stringify(data)
    });
    var body = await r.json();
    if (r.status !== 201) { throw new Error(errorText(body)); }
    return body;
  }

  async function offsetOf(url) {
    var r = await fetch(url, { credentials: "same-origin" });
    var body = await r.json();
    if (!r.ok) { throw new Error(errorText(body)); }
    return body.offset;
  }

  async function send(file, url, offset) {
    var failures = 0;
    while (offset < file.size) {
      var end = Math.min(offset + CHUNK, file.size);
      try {
        var r = await fetch(url, {
          method: "PATCH", credentials: "same-origin",
          headers: headers({ "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" }),
          body: file.slice(offset, end)
        });
        var body = await r.json();
        if (r.status === 409 && body.error && typeof body.error.offset === "number") {
          offset = body.error.offset;
          continue;
        }
        if (!r.ok) { throw new Error(errorText(body)); }
        offset = body.offset;
        failures = 0;
      } catch (err) {
        if (err instanceof TypeError && failures < 8) {  // network: wait, ask the server, resume
          failures += 1;
          say("网络中断，正在重试（" + failures + "）…");
          await sleep(1000 * failures);
          offset = await offsetOf(url);
          continue;
        }
        throw err;
      }
      bar.value = Math.floor((offset / file.size) * 100);
      say("已上传 " + bar.value + "%");
    }
  }

  form.addEventListener("submit", async function (event) {
    var file = form.querySelector("input[type=file]").files[0];
    if (!file || file.size <= Number(form.dataset.formMax)) { return; }
    event.preventDefault();
    bar.hidden = false;
    var key = "sanxiang-upload:" + form.dataset.case + ":" + file.name + ":" + file.size + ":" + file.lastModified;
    try {
      var url = localStorage.getItem(key);
      var offset = 0;
      if (url) {
        try { offset = await offsetOf(url); } catch (e) { url = null; }
      }
      if (!url) {
        var session = await createSession(file);
        url = form.dataset.sessionUrl + session.id + "/";
        localStorage.setItem(key, url);
      }
      await send(file, url, offset);
      say("正在校验并入库…");
      var r = await fetch(url + "complete/", { method: "POST", credentials: "same-origin", headers: headers({}) });
      var body = await r.json();
      if (r.status !== 201) { throw new Error(errorText(body)); }
      localStorage.removeItem(key);
      window.location.href = form.dataset.doneUrl;
    } catch (err) {
      say(err.message || "上传失败");
    }
  });
})();
