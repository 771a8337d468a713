output "vpc_id" {
  description = "ID of the VPC."
  value       = module.network.vpc_id
}
