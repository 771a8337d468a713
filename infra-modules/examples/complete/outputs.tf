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

output "static_domain_name" {
  description = "CloudFront name serving the static files."
  value       = module.static.domain_name
}

output "static_bucket" {
  description = "Bucket the deploy uploads static files to."
  value       = module.static.bucket_name
}

output "deploy_role_arn" {
  description = "Role the GitHub deploy job assumes (role-to-assume)."
  value       = module.deploy_role.role_arn
}
