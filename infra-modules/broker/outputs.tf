output "broker_id" {
  description = "ID of the broker."
  value       = aws_mq_broker.this.id
}

output "broker_arn" {
  description = "ARN of the broker."
  value       = aws_mq_broker.this.arn
}

output "broker_name" {
  description = "Name of the broker: the Broker dimension of its AWS/AmazonMQ metrics (MessageCount per queue)."
  value       = aws_mq_broker.this.broker_name
}

output "host" {
  description = "Host name of the broker's AMQPS endpoint (inside the VPC)."
  value       = regex("^amqps://([^:/]+)", aws_mq_broker.this.instances[0].endpoints[0])[0]
}

output "port" {
  description = "Port of AMQP over TLS (amqps://)."
  value       = local.port
}

output "username" {
  description = "The application's RabbitMQ user."
  value       = var.username
}

output "credentials_secret_arn" {
  description = "Secrets Manager secret (JSON with username and password) of that user: give \"<arn>:password::\" to the service's secrets."
  value       = aws_secretsmanager_secret.credentials.arn
}

output "console_url" {
  description = "The RabbitMQ web console (reachable from inside the VPC only)."
  value       = aws_mq_broker.this.instances[0].console_url
}

output "security_group_id" {
  description = "Security group of the broker."
  value       = aws_security_group.this.id
}
