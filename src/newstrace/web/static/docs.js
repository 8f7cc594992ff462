// Swagger UI over the server's own OpenAPI document; nothing is fetched from elsewhere (no validator badge).
window.addEventListener("load", function () {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", validatorUrl: null, deepLinking: true });
});
