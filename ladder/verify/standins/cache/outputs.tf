output "replication_group_id" {
  description = "The name a replication group would have."
  value       = var.name
}

output "primary_endpoint_address" {
  description = "A host name that resolves nowhere: nothing connects to the stand-in."
  value       = "${var.name}.cache.invalid"
}

output "reader_endpoint_address" {
  description = "A host name that resolves nowhere: nothing connects to the stand-in."
  value       = "${var.name}-ro.cache.invalid"
}

output "port" {
  description = "Port the cache would listen on."
  value       = local.port
}

output "auth_token_secret_arn" {
  description = "Secrets Manager secret of the stand-in AUTH token."
  value       = aws_secretsmanager_secret.auth_token.arn
}

output "security_group_id" {
  description = "Security group of the stand-in."
  value       = aws_security_group.this.id
}
