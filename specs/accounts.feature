Feature: Customer accounts
  Customers register once and log in to shop.

  @smoke
  Scenario: A new customer registers and logs in
    When "alice" registers with password "apple-pie"
    And "alice" logs in with password "apple-pie"
    Then "alice" is logged in

  @smoke
  Scenario: A wrong password is refused
    Given "bob" has registered with password "banana-split"
    When "bob" logs in with password "not-my-password"
    Then the login is refused with "wrong username or password"

  Scenario: A name already taken cannot be registered again
    Given "carol" has registered with password "carrot-cake"
    When "carol" registers with password "another-one"
    Then the registration is refused with "taken"
