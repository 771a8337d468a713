# The level-3 stack in one place: network, PostgreSQL, an image registry, the web service and its load balancer.
# `python -m ladder.infra` applies and destroys this example against a local moto server.

provider "aws" {
  region = var.region
}

data "aws_availability_zones" "available" {
  state = "available"
}

module "network" {
  source = "../../network"

  name               = var.name
  azs                = slice(data.aws_availability_zones.available.names, 0, 2)
  single_nat_gateway = true
  tags               = var.tags
}
