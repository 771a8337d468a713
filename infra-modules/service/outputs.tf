output "cluster_arn" {
  description = "ARN of the ECS cluster the service runs in."
  value       = local.cluster_arn
}

output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = local.cluster_name
}

output "service_name" {
  description = "Name of the ECS service."
  value       = local.service_name
}

output "task_definition_arn" {
  description = "ARN (with revision) of the task definition Terraform registered."
  value       = aws_ecs_task_definition.this.arn
}

output "task_family" {
  description = "Task definition family: deploys register new revisions of it."
  value       = aws_ecs_task_definition.this.family
}

output "container_name" {
  description = "Name of the container in the task definition."
  value       = local.container
}

output "execution_role_arn" {
  description = "Role ECS starts the tasks with (image pull, logs, secrets)."
  value       = aws_iam_role.execution.arn
}

output "task_role_arn" {
  description = "Role the application runs as."
  value       = aws_iam_role.task.arn
}

output "security_group_id" {
  description = "Security group of the tasks: allow it on the database and the cache."
  value       = aws_security_group.this.id
}

output "log_group_name" {
  description = "CloudWatch log group of the containers."
  value       = aws_cloudwatch_log_group.this.name
}

output "target_group_arn" {
  description = "Target group behind the load balancer, or null for a worker."
  value       = one(aws_lb_target_group.this[*].arn)
}

output "service_discovery_name" {
  description = "Name the tasks answer at inside the VPC (<name>.<namespace>'s name is given by the namespace), or null."
  value       = one(aws_service_discovery_service.this[*].name)
}

output "listener_rule_arns" {
  description = "The listener rules that send the load_balancer's path patterns to this service (five condition values a rule)."
  value       = aws_lb_listener_rule.this[*].arn
}
