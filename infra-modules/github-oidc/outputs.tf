output "role_arn" {
  description = "Role to put in the workflow's aws-actions/configure-aws-credentials `role-to-assume`."
  value       = aws_iam_role.deploy.arn
}

output "role_name" {
  description = "Name of the deploy role."
  value       = aws_iam_role.deploy.name
}

output "oidc_provider_arn" {
  description = "ARN of the GitHub Actions OIDC provider (created or given)."
  value       = local.oidc_provider_arn
}

output "subject" {
  description = "The only token subject the role trusts."
  value       = local.subject
}
