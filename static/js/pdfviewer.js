// In-page PDF viewer: renders every <div data-pdf-src="..."> with pdf.js (served locally from npm),
// so that PDFs show on phones and in browsers without a built-in viewer. Loaded only where needed.
const holders = document.querySelectorAll("[data-pdf-src]");
if (holders.length) {
  const base = document.querySelector('meta[name="static-root"]')?.content || "/static/";
  const pdfjs = await import(`${base}vendor/pdfjs/pdf.min.mjs`);
  pdfjs.GlobalWorkerOptions.workerSrc = `${base}vendor/pdfjs/pdf.worker.min.mjs`;
  for (const holder of holders) {
    const status = document.createElement("p");
    status.className = "muted";
    status.textContent = "正在加载 PDF…";
    holder.replaceChildren(status);
    try {
      const doc = await pdfjs.getDocument({
        url: holder.dataset.pdfSrc,
        cMapUrl: `${base}vendor/pdfjs-cmaps/`,
        cMapPacked: true,
        standardFontDataUrl: `${base}vendor/pdfjs-fonts/`,
        isEvalSupported: false,
        enableScripting: false,
      }).promise;
      status.textContent = `共 ${doc.numPages} 页`;
      const width = Math.min(holder.clientWidth || 800, 1000);
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const scale = width / page.getViewport({ scale: 1 }).width;
        const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
        const canvas = document.createElement("canvas");
        canvas.width = viewport.width;
        canvas.height = viewport.height;
        canvas.style.width = "100%";
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", `第 ${n} 页`);
        holder.appendChild(canvas);
        await page.render({ canvasContext: canvas.getContext("2d"), viewport }).promise;
      }
      holder.dataset.pdfPages = String(doc.numPages);
    } catch (error) {
      status.textContent = "PDF 无法在页面中显示，请使用下方链接下载查看。";
      holder.dataset.pdfError = "1";
    }
  }
}
