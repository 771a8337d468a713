output "vpc_id" {
  description = "ID of the VPC."
  value       = module.network.vpc_id
}

output "database_address" {
  description = "Host name of PostgreSQL."
  value       = module.database.address
}

output "repository_url" {
  description = "Where CI pushes the web image."
  value       = module.registry.repository_url
}
