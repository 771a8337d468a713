# The level-3 stack in one place: network, PostgreSQL, an image registry, the web service and its load balancer.
# `python -m ladder.infra` applies and destroys this example against a local moto server.

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

module "database" {
  source = "../../database"

  name                       = "${var.name}-db"
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  allowed_security_group_ids = []
  deletion_protection        = var.deletion_protection
  tags                       = var.tags
}

module "registry" {
  source = "../../registry"

  name = "${var.name}/web"
  tags = var.tags
}
