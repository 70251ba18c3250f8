Feature: Orders
  A customer checks out a basket; the order is confirmed and later dispatched.

  Rule: A customer checks out a basket of the shop's products

    Background:
      Given "erin" is logged in
      And the shop sells "mug" at 7.50 with 5 in stock

    Scenario: Checking out places an order for the basket's total
      When "erin" adds 2 "mug" to the basket
      And "erin" checks out
      Then the order is confirmed for a total of 15.00
      And the shop has 3 "mug" left in stock

    Scenario: A placed order is dispatched
      When "erin" adds 1 "mug" to the basket
      And "erin" checks out
      Then the order is eventually dispatched

    Scenario: An order for stock that sold out meanwhile is refused
      When "erin" adds 2 "mug" to the basket
      And the shop sells out of "mug"
      And "erin" checks out
      Then the checkout is refused with "stock"

    @destructive
    Scenario: An operator restocks a sold-out product
      Given the shop sells "lamp" at 20.00 with 0 in stock
      When the operator restocks "lamp" with 4
      And "erin" adds 4 "lamp" to the basket
      Then the basket holds 4 "lamp" for a total of 80.00

    Scenario: Two customers shopping at the same time each buy only their own basket
      Given "bob" is logged in
      And the shop sells "lamp" at 20.00 with 4 in stock
      When "erin" adds 2 "mug" to the basket
      And "bob" adds 1 "lamp" to the basket
      Then each customer's basket holds only what they added
      When "bob" checks out
      Then the order of "bob" holds 1 "lamp" for a total of 20.00
      And the basket of "erin" still holds 2 "mug" for a total of 15.00
      And the shop has 5 "mug" left in stock

  Rule: After each deploy, a purchase of the run's own proves that customers can buy

    # Safe in production: the product is the run's own and unlisted, so no real customer
    # is offered it and no real stock moves; the customer is the run's own; the order is
    # cancelled. The product and the customer are removed afterwards, even after a failure.
    @smoke
    Scenario: A synthetic purchase of the run's own product is totalled and cancelled
      Given the shop sells "probe-kit" at 2.50 with 3 in stock, unlisted
      And "sam" is logged in
      When a visitor browses the catalogue
      Then the catalogue does not offer "probe-kit"
      When "sam" adds 2 "probe-kit" to the basket
      And "sam" checks out
      Then the order is confirmed for a total of 5.00
      When "sam" cancels the order
      Then the order is cancelled
