// Swagger UI over the app's own OpenAPI. A file, not an inline script, so the Content-Security-Policy can
// refuse inline scripts; no validator badge, so nothing is fetched from swagger.io.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
});
