# Stand-in for infra-modules/cache, used only by the apply test of a reference app's infra/ (ladder/verify/infra.py):
# the moto server it runs against cannot create and delete an ElastiCache replication group (see the cache
# module's README). The test copies the real module's variables.tf and versions.tf beside this file, so the
# inputs are the real ones; the outputs have the same names. It creates what moto can: the cache's security
# group with its rules, and the AUTH token's secret. The real module is checked by validate and its own tests.

locals {
  port = 6379
}

resource "aws_security_group" "this" {
  name        = "${var.name}-cache"
  description = "Stand-in for the cache of ${var.name}"
  vpc_id      = var.vpc_id

  tags = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "from_services" {
  count = length(var.allowed_security_group_ids)

  security_group_id            = aws_security_group.this.id
  description                  = "Redis over TLS from the services"
  ip_protocol                  = "tcp"
  from_port                    = local.port
  to_port                      = local.port
  referenced_security_group_id = var.allowed_security_group_ids[count.index]
}

resource "aws_secretsmanager_secret" "auth_token" {
  name_prefix = "${var.name}-cache-auth-"
  description = "Stand-in AUTH token of the ${var.name} cache"

  tags = var.tags
}

resource "aws_secretsmanager_secret_version" "auth_token" {
  secret_id     = aws_secretsmanager_secret.auth_token.id
  secret_string = "stand-in-token-for-a-local-aws-api"
}
