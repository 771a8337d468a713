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

output "url" {
  description = "Where the application answers."
  value       = "https://${var.domain_name}/"
}

output "name_servers" {
  description = "Name servers to delegate the domain to."
  value       = aws_route53_zone.this.name_servers
}

output "cluster_name" {
  description = "ECS cluster of the web service."
  value       = module.web.cluster_name
}
