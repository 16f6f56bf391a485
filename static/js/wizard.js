// The archive and the application wizard. Plain JavaScript, no dependencies; every page works without it.
(function () {
  "use strict";

  // The same count as zhicheng/applications/text.py: NFC, CRLF/CR as one line break, code points.
  function countChars(text) {
    return Array.from(text.normalize("NFC").replace(/\r\n?/g, "\n")).length;
  }
  window.zhichengCountChars = countChars;

  function initCounters(root) {
    root.querySelectorAll("textarea[data-max-chars]").forEach(function (area) {
      var counter = root.querySelector('[data-counter-for="' + area.id + '"]');
      if (!counter) return;
      var max = parseInt(area.dataset.maxChars, 10);
      var out = counter.querySelector("[data-count]");
      function update() {
        var n = countChars(area.value);
        out.textContent = n;
        counter.classList.toggle("over", n > max);
        area.setAttribute("aria-invalid", n > max ? "true" : "false");
      }
      area.addEventListener("input", update);
      update();
    });
  }

  // 破格 fields only when 破格申报 is chosen.
  function initExceptional(root) {
    var select = root.querySelector('select[name="declaration_type"]');
    if (!select) return;
    function update() {
      root.querySelectorAll("[data-exceptional]").forEach(function (el) {
        el.hidden = select.value !== "exceptional";
      });
    }
    select.addEventListener("change", update);
    update();
  }

  // Achievement fields that apply to some sub-kinds only (data-only-for="paper book").
  function initOnlyFor(root) {
    var select = root.querySelector('[data-entry-form] select[name="type"]');
    if (!select) return;
    function update() {
      root.querySelectorAll("[data-only-for]").forEach(function (el) {
        el.hidden = el.dataset.onlyFor.split(" ").indexOf(select.value) < 0;
      });
    }
    select.addEventListener("change", update);
    update();
  }

  function initAchievements(root) {
    var form = root.querySelector("[data-achievements-form]");
    if (!form) return;
    var limit = parseInt(form.dataset.limit, 10);
    var warn = form.querySelector("[data-over-limit]");
    function update() {
      var n = form.querySelectorAll('input[name="versions"]:checked').length;
      warn.querySelector("[data-picked]").textContent = n;
      warn.hidden = n <= limit;
    }
    form.addEventListener("change", function (event) {
      // A 代表作 must be one of the picked entries.
      if (event.target.name === "representative") {
        var box = form.querySelector('input[name="versions"][value="' + event.target.value + '"]');
        if (box) box.checked = true;
      }
      update();
    });
    update();
  }

  function initCheckAll(root) {
    root.querySelectorAll("[data-check-all]").forEach(function (all) {
      all.addEventListener("change", function () {
        all.closest("form").querySelectorAll('input[name="versions"]').forEach(function (box) {
          box.checked = all.checked;
        });
      });
    });
  }

  // One click submits once: a double click would only be refused by the server, but why send it.
  function initOnce(root) {
    root.querySelectorAll("[data-once]").forEach(function (button) {
      button.form && button.form.addEventListener("submit", function () {
        setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  }

  // --- the photo crop tool: any photo in, a 3:4 JPEG of 30 KB–1 MB and more than 215×300 out ---
  function initCrop(root) {
    var form = root.querySelector("[data-photo-form]");
    if (!form) return;
    var input = form.querySelector("[data-photo-input]");
    var tool = form.querySelector("[data-crop-tool]");
    var canvas = form.querySelector("[data-crop-canvas]");
    var zoom = form.querySelector("[data-crop-zoom]");
    var info = form.querySelector("[data-crop-info]");
    var openButton = form.querySelector("[data-crop-open]");
    var ctx = canvas.getContext("2d");
    var img = null, scale = 1, base = 1, offX = 0, offY = 0, drag = null;
    var OUT_W = 450, OUT_H = 600; // ratio 0.75, within 0.65–0.8

    function clamp() {
      var w = img.width * scale, h = img.height * scale;
      offX = Math.min(0, Math.max(canvas.width - w, offX));
      offY = Math.min(0, Math.max(canvas.height - h, offY));
    }
    function draw() {
      if (!img) return;
      clamp();
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, offX, offY, img.width * scale, img.height * scale);
      ctx.strokeStyle = "rgba(255,255,255,.7)";
      ctx.strokeRect(canvas.width * 0.2, canvas.height * 0.12, canvas.width * 0.6, canvas.height * 0.55);
    }
    function load(file) {
      var url = URL.createObjectURL(file);
      var image = new Image();
      image.onload = function () {
        img = image;
        base = Math.max(canvas.width / img.width, canvas.height / img.height);
        scale = base;
        zoom.value = 100;
        offX = (canvas.width - img.width * scale) / 2;
        offY = (canvas.height - img.height * scale) / 2;
        tool.hidden = false;
        openButton.hidden = false;
        info.textContent = "原图 " + img.width + "×" + img.height + " 像素，宽高比 " + (img.width / img.height).toFixed(2) + "。";
        draw();
      };
      image.onerror = function () { info.textContent = "无法读取该图片，请换一张照片。"; tool.hidden = false; };
      image.src = url;
    }
    input.addEventListener("change", function () {
      if (input.files && input.files[0] && !input.dataset.cropped) load(input.files[0]);
      delete input.dataset.cropped;
    });
    openButton.addEventListener("click", function () { tool.hidden = false; });
    zoom.addEventListener("input", function () {
      if (!img) return;
      var cx = canvas.width / 2, cy = canvas.height / 2;
      var next = base * zoom.value / 100;
      offX = cx - (cx - offX) * next / scale;
      offY = cy - (cy - offY) * next / scale;
      scale = next;
      draw();
    });
    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return { x: (event.clientX - rect.left) * canvas.width / rect.width, y: (event.clientY - rect.top) * canvas.height / rect.height };
    }
    canvas.addEventListener("pointerdown", function (event) { drag = point(event); canvas.setPointerCapture(event.pointerId); });
    canvas.addEventListener("pointermove", function (event) {
      if (!drag || !img) return;
      var p = point(event);
      offX += p.x - drag.x; offY += p.y - drag.y; drag = p; draw();
    });
    canvas.addEventListener("pointerup", function () { drag = null; });

    function encode(width, quality, done) {
      var out = document.createElement("canvas");
      out.width = width; out.height = Math.round(width * 4 / 3);
      var c = out.getContext("2d");
      c.fillStyle = "#fff";
      c.fillRect(0, 0, out.width, out.height);
      var k = out.width / canvas.width;
      c.drawImage(img, offX * k, offY * k, img.width * scale * k, img.height * scale * k);
      out.toBlob(done, "image/jpeg", quality);
    }
    form.querySelector("[data-crop-apply]").addEventListener("click", function () {
      if (!img) return;
      // Grow the output until the JPEG is over 30 KB; shrink quality if it would reach 1 MB.
      var tries = [[OUT_W, 0.92], [600, 0.95], [750, 0.97], [900, 1.0], [1200, 1.0], [450, 0.8]];
      (function attempt(i) {
        encode(tries[i][0], tries[i][1], function (blob) {
          var ok = blob.size > 30 * 1024 && blob.size < 1024 * 1024;
          if (!ok && i + 1 < tries.length) return attempt(i + 1);
          var file = new File([blob], "证件照-裁剪.jpg", { type: "image/jpeg" });
          var transfer = new DataTransfer();
          transfer.items.add(file);
          input.dataset.cropped = "1";
          input.files = transfer.files;
          info.textContent = "已生成裁剪后的照片：" + tries[i][0] + "×" + Math.round(tries[i][0] * 4 / 3) + " 像素，" +
            (blob.size / 1024).toFixed(1) + " KB。点击“上传并保存”提交。";
        });
      })(0);
    });
  }

  // --- the phone signing pad ---
  function initSignPad(root) {
    var pad = root.querySelector("[data-sign-pad]");
    if (!pad) return;
    var form = pad.closest("form");
    var ctx = pad.getContext("2d");
    var drawing = false, inked = 0, last = null;
    function size() {
      var ratio = window.devicePixelRatio || 1;
      var rect = pad.getBoundingClientRect();
      pad.width = Math.round(rect.width * ratio);
      pad.height = Math.round(rect.height * ratio);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#111";
      inked = 0;
    }
    size();
    function at(event) {
      var rect = pad.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    }
    pad.addEventListener("pointerdown", function (event) {
      form.querySelector("[data-sign-error]").hidden = true;
      drawing = true; last = at(event); pad.setPointerCapture(event.pointerId); event.preventDefault();
    });
    pad.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      var p = at(event);
      ctx.beginPath(); ctx.moveTo(last.x, last.y); ctx.lineTo(p.x, p.y); ctx.stroke();
      inked += Math.abs(p.x - last.x) + Math.abs(p.y - last.y);
      last = p; event.preventDefault();
    });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
      pad.addEventListener(name, function () { drawing = false; });
    });
    form.querySelector("[data-sign-clear]").addEventListener("click", function () {
      ctx.clearRect(0, 0, pad.width, pad.height); inked = 0;
    });
    form.addEventListener("submit", function (event) {
      var error = form.querySelector("[data-sign-error]");
      if (inked < 40) { error.hidden = false; event.preventDefault(); return; }
      error.hidden = true;
      form.querySelector("[data-sign-value]").value = pad.toDataURL("image/png");
    });
  }

  function init(root) {
    initCounters(root); initExceptional(root); initOnlyFor(root); initAchievements(root);
    initCheckAll(root); initOnce(root); initCrop(root); initSignPad(root);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(document); });
  else init(document);
})();
