# The cache beside the network, as a level with Redis adds it: a two-node replication group that only the
# services' security groups reach. Validated, not applied: moto cannot run an ElastiCache replication group.

provider "aws" {
  region = var.region
}

module "network" {
  source = "../../network"

  name               = var.name
  azs                = var.azs
  single_nat_gateway = true
  tags               = var.tags
}

# Stands in for the web and worker services' groups (the service module's security_group_id output).
resource "aws_security_group" "app" {
  #checkov:skip=CKV2_AWS_5:A stand-in: the services' tasks carry this group in a real stack.
  name        = "${var.name}-app"
  description = "Tasks allowed to reach the cache"
  vpc_id      = module.network.vpc_id

  tags = var.tags
}

module "cache" {
  source = "../../cache"

  name                       = var.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  allowed_security_group_ids = [aws_security_group.app.id]
  tags                       = var.tags
}
