mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      name = "eu-west-1"
    }
  }

  # Mocked ARNs must still look like ARNs: the provider checks them before planning.
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/library-test/flow-logs"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/library-test-vpc-flow-logs"
    }
  }
}

variables {
  name = "library-test"
  azs  = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  tags = { Environment = "test" }
}

run "one_public_and_one_private_subnet_per_zone" {
  command = plan

  assert {
    condition     = length(aws_subnet.public) == 3 && length(aws_subnet.private) == 3
    error_message = "Expected one public and one private subnet in each of the three zones."
  }

  assert {
    condition     = alltrue([for i, s in aws_subnet.private : s.availability_zone == var.azs[i]])
    error_message = "Private subnets must follow the order of var.azs."
  }

  assert {
    condition     = alltrue([for s in aws_subnet.public : s.map_public_ip_on_launch == false])
    error_message = "Public subnets must not hand out public addresses on launch."
  }

  assert {
    condition     = length(distinct(concat(aws_subnet.public[*].cidr_block, aws_subnet.private[*].cidr_block))) == 6
    error_message = "Subnet ranges must not overlap."
  }
}

run "two_zones_give_two_subnets_each" {
  command = plan

  variables {
    azs = ["eu-west-1a", "eu-west-1b"]
  }

  assert {
    condition     = length(aws_subnet.public) == 2 && length(aws_subnet.private) == 2 && length(aws_route_table.private) == 2
    error_message = "Expected two public subnets, two private subnets and two private route tables."
  }
}

run "one_nat_gateway_per_zone_by_default" {
  command = plan

  assert {
    condition     = length(aws_nat_gateway.this) == 3 && length(aws_eip.nat) == 3
    error_message = "Without single_nat_gateway, each zone needs its own NAT gateway."
  }
}

run "single_nat_gateway_serves_every_private_subnet" {
  variables {
    single_nat_gateway = true
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 1
    error_message = "single_nat_gateway must create exactly one NAT gateway."
  }

  assert {
    condition     = alltrue([for r in aws_route.private_nat : r.nat_gateway_id == aws_nat_gateway.this[0].id])
    error_message = "Every private route must go through the single NAT gateway."
  }
}

run "s3_gateway_endpoint_and_flow_logs" {
  command = plan

  assert {
    condition     = aws_vpc_endpoint.s3.vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.s3.service_name == "com.amazonaws.eu-west-1.s3"
    error_message = "Expected an S3 gateway endpoint in the VPC's region."
  }

  assert {
    condition     = length(aws_flow_log.this) == 1 && aws_flow_log.this[0].traffic_type == "ALL"
    error_message = "Flow logs are on by default and record all traffic."
  }

  assert {
    condition     = aws_vpc.this.tags["Environment"] == "test" && aws_nat_gateway.this[0].tags["Environment"] == "test"
    error_message = "tags must reach every resource."
  }
}

run "flow_logs_can_be_turned_off" {
  command = plan

  variables {
    enable_flow_logs = false
  }

  assert {
    condition     = length(aws_flow_log.this) == 0 && length(aws_iam_role.flow_logs) == 0
    error_message = "enable_flow_logs = false must create no flow log, role or log group."
  }
}

run "refuses_one_zone" {
  command = plan

  variables {
    azs = ["eu-west-1a"]
  }

  expect_failures = [var.azs]
}

run "refuses_a_bad_cidr" {
  command = plan

  variables {
    cidr = "10.0.0.0/8"
  }

  expect_failures = [var.cidr]
}
