output "url" {
  description = "Where the app answers once the domain is delegated and the first deploy is done."
  value       = "https://${var.domain_name}/"
}

output "name_servers" {
  description = "Name servers to delegate the domain to (NS records at the parent domain)."
  value       = aws_route53_zone.this.name_servers
}

output "repository_url" {
  description = "Where the deploy workflow pushes the image."
  value       = module.registry.repository_url
}

output "frontend_repository_url" {
  description = "Where the deploy workflow pushes the frontend's image."
  value       = module.frontend_registry.repository_url
}

output "cdn_distribution_id" {
  description = "The CloudFront distribution in front of the load balancer (for invalidations)."
  value       = module.files.distribution_id
}

output "cluster_name" {
  description = "ECS cluster of the services."
  value       = module.web.cluster_name
}

output "service_names" {
  description = "ECS services by Procfile process."
  value       = { for process, service in local.services : process => service.service_name }
}

output "log_groups" {
  description = "CloudWatch log groups by Procfile process."
  value       = { for process, service in local.services : process => service.log_group_name }
}

output "files_bucket" {
  description = "The private bucket of media files and exports."
  value       = module.files.bucket_name
}

output "database_address" {
  description = "Host name of PostgreSQL (inside the VPC only)."
  value       = module.database.address
}

output "deploy_role_arn" {
  description = "Role the deploy workflow assumes."
  value       = module.deploy_role.role_arn
}

output "github_variables" {
  description = "The variables the deploy workflow reads from its GitHub environment (docs/deploy.md sets them)."
  value = {
    AWS_REGION          = var.region
    AWS_DEPLOY_ROLE_ARN = module.deploy_role.role_arn
    ECR_REPOSITORY      = module.registry.repository_name
    ECS_CLUSTER         = module.web.cluster_name
    ECS_SERVICES        = join(" ", [for service in values(local.services) : service.service_name])
    ECS_WEB_SERVICE     = module.web.service_name

    ECR_FRONTEND_REPOSITORY = module.frontend_registry.repository_name
    ECS_FRONTEND_SERVICE    = module.frontend.service_name
  }
}
