Feature: Basket
  A logged-in customer collects products in a basket before checking out.

  Background:
    Given "dave" is logged in

  @smoke
  Scenario: A customer fills and empties a basket
    When "dave" adds 1 of the first product in stock to the basket
    And "dave" removes that product from the basket
    Then the basket is empty

  Scenario Outline: The basket totals its lines
    Given the shop sells "widget" at <price> with 10 in stock
    When "dave" adds <quantity> "widget" to the basket
    Then the basket holds <quantity> "widget" for a total of <total>

    Examples:
      | price | quantity | total |
      | 1.25  | 1        | 1.25  |
      | 0.99  | 3        | 2.97  |
      | 12.50 | 2        | 25.00 |

  Scenario: A customer cannot add more than the shop has in stock
    Given the shop sells "rare-tea" at 9.00 with 2 in stock
    When "dave" adds 3 "rare-tea" to the basket
    Then the basket refuses with "only 2 in stock"
    And the basket is empty

  Scenario: A customer buys several products at once
    Given the shop sells these products:
      | product | price | stock |
      | pen     | 1.50  | 10    |
      | pad     | 3.20  | 5     |
    When "dave" adds these to the basket:
      | product | quantity |
      | pen     | 2        |
      | pad     | 1        |
    Then the basket total is 6.20
