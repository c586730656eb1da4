// Swagger UI over this server's own OpenAPI document; no validator or CDN calls.
"use strict";
if (window.SwaggerUIBundle) {
  window.ui = window.SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", validatorUrl: null, deepLinking: false });
} else {
  document.getElementById("swagger-ui").textContent = "Swagger UI assets are missing: run 'bash scripts/fetch_web_assets.sh'. The raw schema is at /api/openapi.json.";
}
