mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      name = "eu-west-1"
    }
  }

  # Mocked ARNs must still look like ARNs: the provider checks them before planning.
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/library-web"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/library-web"
    }
  }

  mock_resource "aws_ecs_cluster" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/library-web"
    }
  }

  mock_resource "aws_lb_target_group" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/library-web/0123456789abcdef"
      arn_suffix = "targetgroup/library-web/0123456789abcdef"
    }
  }

  mock_resource "aws_ecs_task_definition" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/library-web:1"
    }
  }
}

variables {
  name                 = "library-web"
  vpc_id               = "vpc-0123456789abcdef0"
  subnet_ids           = ["subnet-aaaa", "subnet-bbbb"]
  image                = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/library/web:3f2a1bc"
  image_repository_arn = "arn:aws:ecr:eu-west-1:123456789012:repository/library/web"
  container_port       = 8000
  environment          = { DJANGO_ALLOWED_HOSTS = "library.example.com" }
  secrets = {
    DATABASE_PASSWORD = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1a2b-AbCdEf:password::"
    SECRET_KEY        = "arn:aws:ssm:eu-west-1:123456789012:parameter/library/secret-key"
  }
  load_balancer = {
    listener_arn      = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/library/0123456789abcdef/0123456789abcdef"
    arn_suffix        = "app/library/0123456789abcdef"
    security_group_id = "sg-alb"
  }
  tags = { Environment = "test" }
}

# First, while the state is empty: later runs leave a service whose desired_count Terraform then ignores.
run "fixed_count_without_autoscaling" {
  command = plan

  variables {
    enable_autoscaling = false
    desired_count      = 1
  }

  assert {
    condition     = length(aws_appautoscaling_target.this) == 0 && length(aws_appautoscaling_policy.cpu) == 0 && length(aws_appautoscaling_policy.requests) == 0 && aws_ecs_service.this[0].desired_count == 1
    error_message = "enable_autoscaling = false must keep exactly desired_count tasks, with no scaling target or policy."
  }
}

run "web_service_behind_the_load_balancer" {
  assert {
    condition     = aws_ecs_service.this[0].deployment_circuit_breaker[0].enable == true && aws_ecs_service.this[0].deployment_circuit_breaker[0].rollback == true
    error_message = "Deployments must stop and roll back when tasks keep failing."
  }

  assert {
    condition     = aws_lb_target_group.this[0].health_check[0].path == "/health/ready/" && aws_lb_target_group.this[0].target_type == "ip"
    error_message = "The target group must probe /health/ready/ on the tasks' IPs."
  }

  assert {
    condition     = one(aws_ecs_service.this[0].load_balancer).container_port == 8000 && aws_vpc_security_group_ingress_rule.from_load_balancer[0].referenced_security_group_id == "sg-alb"
    error_message = "The service must register port 8000 and accept it only from the load balancer's group."
  }

  assert {
    condition     = aws_ecs_service.this[0].network_configuration[0].assign_public_ip == false
    error_message = "Tasks must not get public addresses."
  }

  assert {
    condition     = aws_appautoscaling_policy.cpu[0].target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ECSServiceAverageCPUUtilization"
    error_message = "The service must scale on CPU."
  }

  assert {
    condition     = aws_appautoscaling_policy.requests[0].target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].resource_label == "app/library/0123456789abcdef/targetgroup/library-web/0123456789abcdef"
    error_message = "The service must scale on ALBRequestCountPerTarget of its own target group."
  }

  assert {
    condition     = one(aws_ecs_cluster.this[0].setting).value == "enabled" && aws_cloudwatch_log_group.this.retention_in_days == 365
    error_message = "Container insights on; logs kept a year."
  }

  assert {
    condition     = aws_ecs_service.this[0].enable_execute_command == false && length(aws_iam_role_policy.execute_command) == 0
    error_message = "execute-command is off unless asked for."
  }
}

run "execution_role_reads_only_the_given_secrets" {
  command = plan

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s.Resource if s.Sid == "ReadSecrets"] == [["arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1a2b-AbCdEf"]]
    error_message = "GetSecretValue must be granted on exactly the given secret (without its JSON key)."
  }

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s.Resource if s.Sid == "ReadParameters"] == [["arn:aws:ssm:eu-west-1:123456789012:parameter/library/secret-key"]]
    error_message = "GetParameters must be granted on exactly the given parameter."
  }

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s.Resource if s.Sid == "PullImage"] == ["arn:aws:ecr:eu-west-1:123456789012:repository/library/web"]
    error_message = "Image pulls must be limited to the given repository."
  }

  assert {
    condition     = [for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : s.name] == ["DATABASE_PASSWORD", "SECRET_KEY"]
    error_message = "Secrets must reach the container as environment variables."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem == true
    error_message = "The root filesystem is read-only by default."
  }
}

run "worker_has_no_target_group" {
  variables {
    load_balancer  = null
    container_port = null
    command        = ["celery", "-A", "config", "worker"]
    secrets        = {}
  }

  assert {
    condition     = length(aws_lb_target_group.this) == 0 && length(aws_lb_listener_rule.this) == 0 && length(aws_ecs_service.this[0].load_balancer) == 0
    error_message = "A worker has no target group, listener rule or load balancer attachment."
  }

  assert {
    condition     = length(aws_appautoscaling_policy.requests) == 0 && length(aws_vpc_security_group_ingress_rule.from_load_balancer) == 0
    error_message = "A worker scales on CPU only and accepts no inbound traffic."
  }

  assert {
    condition     = length([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s if contains(["ReadSecrets", "ReadParameters"], s.Sid)]) == 0
    error_message = "Without secrets, the execution role reads none."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].command == ["celery", "-A", "config", "worker"]
    error_message = "The command must reach the container."
  }
}

run "execute_command_when_asked" {
  command = plan

  variables {
    enable_execute_command = true
  }

  assert {
    condition     = aws_ecs_service.this[0].enable_execute_command == true && length(aws_iam_role_policy.execute_command) == 1
    error_message = "enable_execute_command must turn it on and grant the task role the SSM channels."
  }
}

run "refuses_a_secret_that_is_not_an_arn" {
  command = plan

  variables {
    secrets = { SECRET_KEY = "hunter2" }
  }

  expect_failures = [var.secrets]
}

run "refuses_the_latest_tag" {
  command = plan

  variables {
    image = "library/web:latest"
  }

  expect_failures = [var.image]
}

run "refuses_a_cpu_fargate_does_not_offer" {
  command = plan

  variables {
    cpu = 300
  }

  expect_failures = [var.cpu]
}

run "deploys_own_the_task_definition_when_asked" {
  command = plan

  variables {
    ignore_task_definition_changes = true
  }

  assert {
    condition     = length(aws_ecs_service.this) == 0 && length(aws_ecs_service.deployed) == 1 && aws_ecs_service.deployed[0].task_definition == "arn:aws:ecs:eu-west-1:123456789012:task-definition/library-web:1"
    error_message = "ignore_task_definition_changes must create the one service that leaves its revision to the deploys, starting from Terraform's revision."
  }

  assert {
    condition     = aws_ecs_service.deployed[0].deployment_circuit_breaker[0].rollback == true && aws_ecs_service.deployed[0].network_configuration[0].assign_public_ip == false && one(aws_ecs_service.deployed[0].load_balancer).container_port == 8000
    error_message = "The deploy-owned service must keep the circuit breaker, private tasks and the load balancer."
  }

  assert {
    condition     = output.service_name == "library-web"
    error_message = "service_name must name the service whichever block created it."
  }
}

run "task_role_policies_by_name_even_when_computed" {
  command = plan

  variables {
    task_role_policies = {
      files = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::library-files/*\"}]}"
    }
  }

  assert {
    condition     = length(aws_iam_role_policy.task) == 1 && aws_iam_role_policy.task["files"].name == "files"
    error_message = "Each task_role_policies entry must become one inline policy of the task role, named by its key."
  }
}

run "many_paths_spread_over_rules_of_five_condition_values" {
  command = plan

  variables {
    load_balancer = {
      listener_arn      = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/library/0123456789abcdef/0123456789abcdef"
      arn_suffix        = "app/library/0123456789abcdef"
      security_group_id = "sg-alb"
      priority          = 10
      path_patterns     = ["/api/*", "/admin/*", "/accounts/*", "/jobs/*", "/health/*", "/static/*", "/media/*", "/*/export.csv"]
      http_header       = { name = "X-Origin-Verify", value = "from-the-cdn" }
    }
  }

  assert {
    condition     = length(aws_lb_listener_rule.this) == 2 && aws_lb_listener_rule.this[0].priority == 10 && aws_lb_listener_rule.this[1].priority == 11
    error_message = "Eight paths and a header take two rules (four paths each) of consecutive priorities."
  }

  assert {
    condition     = toset(flatten([for rule in aws_lb_listener_rule.this : [for c in rule.condition : tolist(c.path_pattern[0].values) if length(c.path_pattern) > 0]])) == toset(["/api/*", "/admin/*", "/accounts/*", "/jobs/*", "/health/*", "/static/*", "/media/*", "/*/export.csv"])
    error_message = "Every path pattern must be routed."
  }

  assert {
    condition     = alltrue([for rule in aws_lb_listener_rule.this : anytrue([for c in rule.condition : length(c.http_header) > 0 && try(c.http_header[0].values == toset(["from-the-cdn"]), false)])])
    error_message = "Every rule must also require the header."
  }
}

run "registered_in_service_discovery_when_asked" {
  command = plan

  variables {
    service_discovery = { namespace_id = "ns-0123456789abcdef", name = "api" }
  }

  assert {
    condition     = aws_service_discovery_service.this[0].name == "api" && aws_service_discovery_service.this[0].dns_config[0].dns_records[0].type == "A" && length(aws_ecs_service.this[0].service_registries) == 1
    error_message = "The tasks must be registered as A records under the given name."
  }
}

run "scales_on_a_queue_backlog_per_task" {
  command = plan

  variables {
    load_balancer  = null
    container_port = null
    backlog_scaling = {
      namespace   = "AWS/AmazonMQ"
      metric_name = "MessageCount"
      dimensions  = { Broker = "library", VirtualHost = "/", Queue = "celery" }
    }
  }

  assert {
    condition     = length(aws_appautoscaling_policy.backlog) == 1 && aws_appautoscaling_policy.backlog[0].target_tracking_scaling_policy_configuration[0].target_value == 10
    error_message = "backlog_scaling must add a target-tracking policy aiming at 10 messages per task by default."
  }

  assert {
    condition     = one([for m in aws_appautoscaling_policy.backlog[0].target_tracking_scaling_policy_configuration[0].customized_metric_specification[0].metrics : m.expression if m.return_data]) == "backlog / MAX([tasks, 1])"
    error_message = "The policy must track the backlog divided by the running tasks."
  }
}

run "no_backlog_policy_by_default" {
  command = plan

  assert {
    condition     = length(aws_appautoscaling_policy.backlog) == 0 && length(aws_service_discovery_service.this) == 0 && length(aws_lb_listener_rule.this) == 1
    error_message = "By default: one listener rule, no service discovery, no backlog scaling."
  }
}

run "refuses_too_many_rule_conditions" {
  command = plan

  variables {
    load_balancer = {
      listener_arn      = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/library/0123456789abcdef/0123456789abcdef"
      arn_suffix        = "app/library/0123456789abcdef"
      security_group_id = "sg-alb"
      host_headers      = ["a.example.com", "b.example.com", "c.example.com", "d.example.com"]
      http_header       = { name = "X-Origin-Verify", value = "x" }
    }
  }

  expect_failures = [var.load_balancer]
}
