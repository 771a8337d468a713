output "arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "arn_suffix" {
  description = "ARN suffix of the load balancer (CloudWatch dimension; the service's request-count scaling needs it)."
  value       = aws_lb.this.arn_suffix
}

output "dns_name" {
  description = "DNS name to point the domain at (alias record)."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "Route 53 zone of the load balancer's DNS name, for alias records."
  value       = aws_lb.this.zone_id
}

output "https_listener_arn" {
  description = "HTTPS listener that services add their rules to."
  value       = aws_lb_listener.https.arn
}

output "security_group_id" {
  description = "Security group of the load balancer: allow it on the services' port."
  value       = aws_security_group.this.id
}

output "certificate_arn" {
  description = "Certificate the HTTPS listener serves."
  value       = local.certificate_arn
}

output "access_logs_bucket" {
  description = "Bucket the access logs are delivered to."
  value       = aws_s3_bucket.logs.id
}
