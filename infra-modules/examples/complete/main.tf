# The level-3 stack in one place: network, PostgreSQL, an image registry, the web service and its load balancer.
# `python -m ladder.verify.infra` applies and destroys this example against a local moto server.

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
  allowed_security_group_ids = [module.web.security_group_id]
  deletion_protection        = var.deletion_protection
  tags                       = var.tags
}

module "registry" {
  source = "../../registry"

  name = "${var.name}/web"
  tags = var.tags
}

# A hosted zone for the application's own subdomain: delegate it from the parent domain with its name servers.
resource "aws_route53_zone" "this" {
  #checkov:skip=CKV2_AWS_38:DNSSEC signing needs a KMS key in us-east-1 and a DS record at the parent: a choice per domain.
  #checkov:skip=CKV2_AWS_39:Query logging is an opt-in cost.
  name = var.domain_name

  tags = var.tags
}

module "load_balancer" {
  source = "../../load-balancer"

  name                = var.name
  vpc_id              = module.network.vpc_id
  subnet_ids          = module.network.public_subnet_ids
  domain_name         = var.domain_name
  zone_id             = aws_route53_zone.this.zone_id
  deletion_protection = var.deletion_protection
  tags                = var.tags
}

resource "aws_route53_record" "app" {
  zone_id = aws_route53_zone.this.zone_id
  name    = var.domain_name
  type    = "A"

  alias {
    name                   = module.load_balancer.dns_name
    zone_id                = module.load_balancer.zone_id
    evaluate_target_health = true
  }
}

module "web" {
  source = "../../service"

  name                 = "${var.name}-web"
  vpc_id               = module.network.vpc_id
  subnet_ids           = module.network.private_subnet_ids
  image                = "${module.registry.repository_url}:${var.image_tag}"
  image_repository_arn = module.registry.repository_arn
  container_port       = 8000
  environment = {
    ALLOWED_HOSTS = var.domain_name
    DATABASE_HOST = module.database.address
    DATABASE_NAME = module.database.database_name
    DATABASE_USER = module.database.master_username
  }
  secrets = {
    DATABASE_PASSWORD = "${module.database.master_user_secret_arn}:password::"
  }
  enable_autoscaling = var.autoscaling
  load_balancer = {
    listener_arn      = module.load_balancer.https_listener_arn
    arn_suffix        = module.load_balancer.arn_suffix
    security_group_id = module.load_balancer.security_group_id
  }
  tags = var.tags
}

module "static" {
  source = "../../cdn"

  name          = "${var.name}-static"
  force_destroy = !var.deletion_protection
  tags          = var.tags
}

module "deploy_role" {
  source = "../../github-oidc"

  name               = "${var.name}-deploy"
  github_repository  = var.github_repository
  github_environment = var.github_environment
  ecr_repository_arn = module.registry.repository_arn
  ecs_cluster_arn    = module.web.cluster_arn
  task_families      = [module.web.task_family]
  pass_role_arns     = [module.web.task_role_arn, module.web.execution_role_arn]
  tags               = var.tags
}
