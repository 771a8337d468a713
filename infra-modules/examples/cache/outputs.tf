output "cache_address" {
  description = "Primary endpoint of the cache (rediss://, TLS only)."
  value       = module.cache.primary_endpoint_address
}

output "cache_auth_token_secret_arn" {
  description = "Secret holding the AUTH token, for the services' secrets."
  value       = module.cache.auth_token_secret_arn
}
