// "Copy link" for readers whose browser lets a page write to the clipboard.
for (const button of document.querySelectorAll(".copy-link")) {
  if (!navigator.clipboard) continue;
  const status = button.parentElement.querySelector(".copy-status");
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(button.dataset.url);
      status.textContent = "Link copied";
    } catch {
      status.textContent = "Copy the address from the address bar";
    }
  });
}
